import { applyDecorators, BadRequestException } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/**
 * The body of an import request as text. Body parsing only turns text/csv (and text/plain,
 * application/csv) into a string; anything else arrives as an object or not at all.
 */
export function csvText(body: unknown): string {
  if (typeof body !== 'string') {
    throw new BadRequestException('Send the file as the request body with Content-Type: text/csv');
  }
  if (body.trim() === '') throw new BadRequestException('The file is empty; expected a header row and rows');
  return body;
}

/** OpenAPI: the handler takes a CSV file as its body. */
export const ApiCsvBody = (description: string) =>
  applyDecorators(
    ApiConsumes('text/csv'),
    ApiBody({ description, schema: { type: 'string', example: 'code,name\n0001,School No. 1\n' } }),
  );
