// Legal minimum internship gratification (Code de l'éducation, art. L124-6 and D124-8): due when an
// internship lasts more than two months; 15 % of the hourly social-security ceiling per hour of
// presence. Monthly figure on the conventional basis of 154 hours (22 days × 7 h).
export const HOURLY_SOCIAL_SECURITY_CEILING_CENTS = 2900;
export const GRATIFICATION_RATE = 0.15;
export const CONVENTIONAL_MONTHLY_HOURS = 154;
/** Months up to which no gratification is owed. */
export const GRATIFICATION_FREE_MONTHS = 2;
/** 4.35 €/h × 154 h = 669.90 € a month. */
export const MIN_MONTHLY_GRATIFICATION_CENTS = Math.round(HOURLY_SOCIAL_SECURITY_CEILING_CENTS * GRATIFICATION_RATE) * CONVENTIONAL_MONTHLY_HOURS;

/** True when the stipend is lawful for an internship of that length. */
export function isLawfulStipend(durationMonths: number, monthlyStipendCents: number): boolean {
  return durationMonths <= GRATIFICATION_FREE_MONTHS || monthlyStipendCents >= MIN_MONTHLY_GRATIFICATION_CENTS;
}
