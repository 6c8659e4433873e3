/** Fields that identify a person outside the mission: shown only to admins and coordinators, masked in the audit log. */
export const PERSONAL_DATA_FIELDS = ['email', 'phone', 'documentNumber', 'dateOfBirth'] as const;
