export * from './idempotency-key';
export * from './idempotency.guard';
export * from './idempotency.module';
export * from './idempotency.service';
