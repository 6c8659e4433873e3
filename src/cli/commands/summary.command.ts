import { writeFile } from 'node:fs/promises';
import { BadRequestException } from '@nestjs/common';
import { CliCommand, UsageError } from '../cli-command';

const FORMATS = ['json', 'md', 'html', 'csv'] as const;

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Writes the mission summary (the same as GET /missions/:id/summary) to a file or stdout.',
  options: {
    mission: { type: 'integer', required: true, description: 'Mission id', valueName: '<id>' },
    format: { type: 'string', choices: FORMATS, description: 'json (default), md, html or csv' },
    out: { type: 'string', description: 'File to write (stdout when omitted)', valueName: '<file>' },
    from: {
      type: 'string',
      description: "Events from this date (a day in the mission's time zone) or instant",
      valueName: '<2024-02-07>',
    },
    to: {
      type: 'string',
      description: 'Events to the end of this date, or to this instant',
      valueName: '<date|instant>',
    },
    region: { type: 'string', description: 'Stations of this region only', valueName: '<region>' },
    review: {
      type: 'string',
      choices: ['not_rejected', 'accepted', 'all'],
      description: 'Reports counted: not_rejected (default), accepted or all',
    },
  },
  examples: ['summary --mission 1 --format html --out summary.html', 'summary --mission 1 --format md --region Tirane'],

  async run(options, context) {
    // Loaded here so a mistyped command fails fast, without loading the application.
    const { plainToInstance } = await import('class-transformer');
    const { validateSync } = await import('class-validator');
    const { SummaryQueryDto } = await import('../../summaries/dto/summary-query.dto');
    const query = plainToInstance(SummaryQueryDto, {
      format: options.format ?? 'json',
      ...(options.from !== undefined && { from: options.from }),
      ...(options.to !== undefined && { to: options.to }),
      ...(options.region !== undefined && { region: options.region }),
      ...(options.review !== undefined && { review: options.review }),
    });
    const errors = validateSync(query).flatMap((e) => Object.values(e.constraints ?? {}));
    if (errors.length) throw new UsageError(errors.join('; '));
    const app = await context.app();
    const { SummaryService } = await import('../../summaries/summary.service');
    const { renderCsv } = await import('../../summaries/render/csv');
    const { renderHtml } = await import('../../summaries/render/html');
    const { renderMarkdown } = await import('../../summaries/render/markdown');
    const summaries = app.get(SummaryService);
    const missionId = options.mission as number;
    let filters;
    try {
      filters = await summaries.filters(missionId, query);
    } catch (error) {
      if (error instanceof BadRequestException) throw new UsageError('--to must not be before --from');
      throw error;
    }
    const ctx = {
      filters: { from: query.from, to: query.to, region: query.region, review: query.review },
      generatedAt: new Date().toISOString(),
    };
    let text: string;
    if (query.format === 'html') {
      const { summary, stations } = await summaries.summarizeWithMap(missionId, filters);
      text = renderHtml(summary, { ...ctx, stations });
    } else {
      const summary = await summaries.summarize(missionId, filters);
      text =
        query.format === 'md'
          ? renderMarkdown(summary, ctx)
          : query.format === 'csv'
            ? renderCsv(summary)
            : JSON.stringify(summary, null, 2) + '\n';
    }
    if (options.out) {
      await writeFile(options.out as string, text);
      context.err(`Wrote the ${query.format} summary of mission ${missionId} to ${options.out as string}`);
    } else {
      context.out(text.trimEnd());
    }
  },
};
