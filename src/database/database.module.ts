import { Global, Module } from '@nestjs/common';
import { DatabaseWriter } from './database-writer.service';

@Global()
@Module({
  providers: [DatabaseWriter],
  exports: [DatabaseWriter],
})
export class DatabaseModule {}
