import { BadRequestException } from '@nestjs/common';
import { readObserverCsv } from './observer-csv';

const today = '2024-02-07';

describe('readObserverCsv', () => {
  it('reads every column into observer fields', () => {
    const csv =
      'full_name,role,nationality,gender,languages,seconding_organization,team,accreditation_status,' +
      'accreditation_number,accredited_at,email,phone,document_number,date_of_birth\n' +
      'Anna K,LTO,kz,Female,kk; ru;;kk,Parliament,T-1,accredited,A-1,2024-01-30,a@example.org,+7 701 555,N1,1978-05-21\n';
    const { sheet, rows } = readObserverCsv(csv, { mode: 'insert', today });
    expect(sheet.errors.count).toBe(0);
    expect(rows).toEqual([
      {
        line: 2,
        teamCode: 'T-1',
        blankToCreate: [],
        values: {
          fullName: 'Anna K',
          role: 'lto',
          nationality: 'KZ',
          gender: 'female',
          languages: ['kk', 'ru'],
          secondingOrganization: 'Parliament',
          accreditationStatus: 'accredited',
          accreditationNumber: 'A-1',
          accreditedAt: '2024-01-30',
          email: 'a@example.org',
          phone: '+7 701 555',
          documentNumber: 'N1',
          dateOfBirth: '1978-05-21',
        },
      },
    ]);
  });

  it('holds only the columns the file has, empty cells as null', () => {
    const { rows } = readObserverCsv('accreditation_number,email,team\nA-1,,\n', { mode: 'upsert', today });
    expect(rows[0]).toEqual({
      line: 2,
      values: { accreditationNumber: 'A-1', email: null },
      teamCode: null,
      blankToCreate: ['full_name', 'role', 'nationality'],
    });
  });

  it('records every bad cell with its physical line and the file header', () => {
    const csv =
      'Name,role,nationality,email,date_of_birth,accreditation_number\n' +
      'A,sto,KZ,,,N-1\n' +
      '\n' +
      'B,boss,KZX,x@,2024-02-07,N-1\n';
    const { sheet } = readObserverCsv(csv, { mode: 'insert', mapping: 'full_name:Name', today });
    const errors = (sheet.errors.toException().getResponse() as { errors: unknown[] }).errors;
    expect(errors).toEqual([
      { line: 4, column: 'role', message: expect.stringContaining('"boss" is not one of') as unknown },
      { line: 4, column: 'nationality', message: '"KZX" is not an ISO 3166-1 alpha-2 country code' },
      { line: 4, column: 'email', message: '"x@" is not an e-mail address' },
      { line: 4, column: 'date_of_birth', message: '2024-02-07 is not a date in the past' },
      { line: 4, column: 'accreditation_number', message: '"N-1" repeats line 2' },
    ]);
  });

  it('in insert mode needs a name, role and nationality in every row', () => {
    const { sheet } = readObserverCsv('full_name,role,nationality\n,sto,\n', { mode: 'insert', today });
    const errors = (sheet.errors.toException().getResponse() as { errors: unknown[] }).errors;
    expect(errors).toEqual([
      { line: 2, column: 'full_name', message: 'is required for a new observer' },
      { line: 2, column: 'nationality', message: 'is required for a new observer' },
    ]);
  });

  it('refuses a file without the columns the mode needs', () => {
    expect(() => readObserverCsv('full_name,role\nA,sto\n', { mode: 'insert', today })).toThrow(BadRequestException);
    expect(() => readObserverCsv('full_name,role,nationality\nA,sto,KZ\n', { mode: 'upsert', today })).toThrow(
      BadRequestException,
    );
  });

  it('caps languages per observer', () => {
    const many = Array.from({ length: 21 }, (_, i) => `l${i}`).join(';');
    const { sheet } = readObserverCsv(`full_name,role,nationality,languages\nA,sto,KZ,${many}\n`, {
      mode: 'insert',
      today,
    });
    expect(sheet.errors.count).toBe(1);
  });
});
