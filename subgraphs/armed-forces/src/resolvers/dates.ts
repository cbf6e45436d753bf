// Rows read through a windowed subquery can carry timestamps as driver strings: DateTime wants a Date.
export function asDateTime(value: Date | string | null): Date | null {
  if (value == null) return null;
  return value instanceof Date ? value : new Date(value);
}
