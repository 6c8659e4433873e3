// Lets a page re-render the current view without importing the router (which imports the pages).
let renderer = () => {};
export const setRenderer = (fn) => (renderer = fn);
export const refresh = () => renderer();
