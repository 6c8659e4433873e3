import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/permissions';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 when the database answers a query, 503 when it does not. */
  @Get()
  async check() {
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw new ServiceUnavailableException({
        status: 'error',
        database: { type: this.dataSource.options.type, reachable: false, error: (error as Error).message },
      });
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return {
      status: 'ok',
      database: { type: this.dataSource.options.type, reachable: true, latencyMs: Math.round(ms * 100) / 100 },
    };
  }
}
