import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { SummaryQueryDto } from './dto/summary-query.dto';
import { renderCsv } from './render/csv';
import { renderHtml } from './render/html';
import { renderMarkdown } from './render/markdown';
import { SummaryService } from './summary.service';
import { MissionSummary, RenderContext } from './summary.types';

@ApiTags('summaries')
@Controller('missions/:missionId/summary')
export class SummaryController {
  constructor(private readonly summaries: SummaryService) {}

  @Get()
  @Can('summary.read')
  @ApiProduces('application/json', 'text/markdown', 'text/html', 'text/csv')
  async get(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: SummaryQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<MissionSummary | string> {
    const filters = await this.summaries.filters(missionId, query);
    const ctx: RenderContext = {
      filters: { from: query.from, to: query.to, region: query.region, review: query.review },
      generatedAt: new Date().toISOString(),
    };
    const attachment = (ext: string) =>
      res.header('Content-Disposition', `attachment; filename="mission-${missionId}-summary.${ext}"`);
    switch (query.format) {
      case 'md':
        res.type('text/markdown; charset=utf-8');
        attachment('md');
        return renderMarkdown(await this.summaries.summarize(missionId, filters), ctx);
      case 'csv':
        res.type('text/csv; charset=utf-8');
        attachment('csv');
        return renderCsv(await this.summaries.summarize(missionId, filters));
      case 'html': {
        const { summary, stations } = await this.summaries.summarizeWithMap(missionId, filters);
        res.type('text/html; charset=utf-8');
        return renderHtml(summary, { ...ctx, stations });
      }
      default:
        return this.summaries.summarize(missionId, filters);
    }
  }
}
