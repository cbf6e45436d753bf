// Grades on the scales universities write them in. Credits follow a pass only, so a grade that is
// well formed but failing is refused with its own code.
import type { creditAwards } from './tables';

export type GradeScale = (typeof creditAwards.$inferSelect)['gradeScale'];

export interface Grade {
  scale: GradeScale;
  /** On the numeric scales; null on ECTS_LETTER. */
  value: number | null;
  letter: string | null;
}

const PASSING_LETTERS = ['A', 'B', 'C', 'D', 'E'];
const FAILING_LETTERS = ['FX', 'F'];
const NUMBER = /^\d{1,3}(\.\d{1,2})?$/;
const NUMERIC: Record<Exclude<GradeScale, 'ECTS_LETTER'>, { max: number; pass: number }> = { FR_20: { max: 20, pass: 10 }, PERCENT: { max: 100, pass: 50 } };

export type GradeRefusal = 'GRADE_INVALID' | 'GRADE_NOT_PASSING';

/** The grade `text` on `scale`, or why it awards no credits. */
export function parseGrade(text: string, scale: GradeScale): Grade | GradeRefusal {
  const t = text.trim().toUpperCase().replace(',', '.');
  if (scale === 'ECTS_LETTER') {
    if (PASSING_LETTERS.includes(t)) return { scale, value: null, letter: t };
    return FAILING_LETTERS.includes(t) ? 'GRADE_NOT_PASSING' : 'GRADE_INVALID';
  }
  const { max, pass } = NUMERIC[scale];
  const value = NUMBER.test(t) ? Number(t) : Number.NaN;
  if (!(value >= 0 && value <= max)) return 'GRADE_INVALID';
  return value < pass ? 'GRADE_NOT_PASSING' : { scale, value, letter: null };
}

/** As printed on a transcript: `14.5/20`, `72/100`, `B`. */
export function gradeLabel(row: { gradeScale: GradeScale; grade: number | null; gradeLetter: string | null }): string {
  if (row.gradeScale === 'ECTS_LETTER') return row.gradeLetter ?? '';
  return `${row.grade}/${NUMERIC[row.gradeScale].max}`;
}
