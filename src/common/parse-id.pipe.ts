import { BadRequestException, Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { MAX_INT } from './integer-fields';

/** ParseIntPipe, plus a range check so an absurd id is a clean 400 on every engine. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'id';
    if (!/^\d{1,10}$/.test(value ?? '')) {
      throw new BadRequestException(`${name} must be a positive integer`);
    }
    const id = Number(value);
    if (id < 1 || id > MAX_INT) throw new BadRequestException(`${name} must be between 1 and ${MAX_INT}`);
    return id;
  }
}
