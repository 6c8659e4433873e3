import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit.service';
import { AuditStore } from './audit.store';
import { AuditEntry } from './entities/audit-entry.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: [AuditService, AuditStore],
  exports: [AuditService, AuditStore],
})
export class AuditModule {}
