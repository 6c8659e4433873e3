import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../access/permissions';
import { pingDatabase } from '../database';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 when the database runs a query, 503 when it does not. */
  @Get()
  async check() {
    const type = this.dataSource.options.type;
    const ms = await pingDatabase(this.dataSource).catch((error: Error) => {
      throw new ServiceUnavailableException({
        status: 'error',
        database: { type, reachable: false, error: error.message },
      });
    });
    return { status: 'ok', database: { type, reachable: true, latencyMs: Math.round(ms * 100) / 100 } };
  }
}
