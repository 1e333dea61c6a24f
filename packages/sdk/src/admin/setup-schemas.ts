// The setup workbook's report (开账导入报告): what `POST /setup/workbook` answers, dry run or not.
import * as z from 'zod/mini';
import { described, int, named } from '../schemas/common.js';

export const SetupSheetName = described(
  z.enum([
    'warehouses',
    'locations',
    'workshops',
    'workCenters',
    'users',
    'items',
    'bomLines',
    'uomConversions',
    'routings',
    'openingStock',
  ]),
  'A list of the setup workbook (its contract name; the Chinese sheet names are aliases)',
);
export type SetupSheetName = z.infer<typeof SetupSheetName>;

export const SetupSheetReport = named(
  z.object({
    sheet: SetupSheetName,
    created: int(0),
    updated: int(0),
    unchanged: int(0),
    removed: z.optional(
      described(
        int(0),
        'BOM lines and routing operations dropped because their parent item was given its complete list',
      ),
    ),
  }),
  'SetupSheetReport',
);
export type SetupSheetReport = z.infer<typeof SetupSheetReport>;

export const SetupProblem = named(
  z.object({
    sheet: z.nullable(SetupSheetName),
    row: z.nullable(described(int(1), 'Excel row number, as Excel shows it')),
    column: z.nullable(described(z.string(), 'Field name (contract name)')),
    message: described(z.string(), 'What is wrong, in Chinese'),
    messageEn: z.string(),
  }),
  'SetupProblem',
);
export type SetupProblem = z.infer<typeof SetupProblem>;

export const SetupReport = named(
  z.object({
    dryRun: z.boolean(),
    applied: described(z.boolean(), 'true only when the workbook was imported (no dry run, no problem)'),
    sheets: z.array(SetupSheetReport),
    problems: z.array(SetupProblem),
  }),
  'SetupReport',
  'Per sheet created / updated / unchanged counts and every problem with its sheet, row and column',
);
export type SetupReport = z.infer<typeof SetupReport>;
