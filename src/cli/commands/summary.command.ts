import { writeFile } from 'node:fs/promises';
import { CliCommand, UsageError } from '../cli-command';

const FORMATS = ['json', 'md', 'html', 'csv'] as const;

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Writes the mission summary (the same as GET /missions/:id/summary) to a file or stdout.',
  options: {
    mission: { type: 'integer', required: true, description: 'Mission id', valueName: '<id>' },
    format: { type: 'string', choices: FORMATS, description: 'json (default), md, html or csv' },
    out: { type: 'string', description: 'File to write (stdout when omitted)', valueName: '<file>' },
    from: { type: 'string', description: 'Events at or after this instant', valueName: '<2024-02-07T00:00:00Z>' },
    to: { type: 'string', description: 'Events at or before this instant', valueName: '<instant>' },
    region: { type: 'string', description: 'Stations of this region only', valueName: '<region>' },
  },
  examples: ['summary --mission 1 --format html --out summary.html', 'summary --mission 1 --format md --region Tirane'],

  async run(options, context) {
    // Loaded here so a mistyped command fails fast, without loading the application.
    const { plainToInstance } = await import('class-transformer');
    const { validateSync } = await import('class-validator');
    const { SummaryQueryDto } = await import('../../summaries/dto/summary-query.dto');
    const { filtersFrom } = await import('../../summaries/summary.controller');
    const query = plainToInstance(SummaryQueryDto, {
      format: options.format ?? 'json',
      ...(options.from !== undefined && { from: options.from }),
      ...(options.to !== undefined && { to: options.to }),
      ...(options.region !== undefined && { region: options.region }),
    });
    const errors = validateSync(query).flatMap((e) => Object.values(e.constraints ?? {}));
    if (errors.length) throw new UsageError(errors.join('; '));
    let filters;
    try {
      filters = filtersFrom(query);
    } catch {
      throw new UsageError('--to must not be before --from');
    }

    const app = await context.app();
    const { SummaryService } = await import('../../summaries/summary.service');
    const { renderCsv } = await import('../../summaries/render/csv');
    const { renderHtml } = await import('../../summaries/render/html');
    const { renderMarkdown } = await import('../../summaries/render/markdown');
    const summaries = app.get(SummaryService);
    const missionId = options.mission as number;
    const ctx = {
      filters: { from: query.from, to: query.to, region: query.region },
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
