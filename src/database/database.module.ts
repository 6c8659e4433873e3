import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseWriter } from './database-writer.service';

@Global()
@Module({
  providers: [DatabaseWriter],
  exports: [DatabaseWriter],
})
class DatabaseWriterModule {}

/**
 * The writer for every module (its own module is global), closed at shutdown. Nest ends global
 * modules after all others, TypeORM's among them: this module is not global, so it closes the writer
 * after the HTTP server has closed and before TypeORM's module closes the DataSource.
 */
@Module({ imports: [DatabaseWriterModule] })
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly writer: DatabaseWriter) {}

  onApplicationShutdown(): Promise<void> {
    return this.writer.close();
  }
}
