import type { HostRow } from '../data/hosts';

export const MilitaryInternshipHost = {
  department: (h: HostRow) => ({ code: h.departmentCode }),
};
