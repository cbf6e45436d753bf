CREATE TYPE "public"."indexation" AS ENUM('CPI', 'SMIC', 'NONE');--> statement-breakpoint
CREATE TYPE "public"."indicator_unit" AS ENUM('PERCENT', 'PERSONS');--> statement-breakpoint
CREATE TYPE "public"."observation_status" AS ENUM('OBSERVED', 'PROVISIONAL', 'ESTIMATED', 'CONFIDENTIAL');--> statement-breakpoint
CREATE TYPE "public"."territory_level" AS ENUM('REGION', 'DEPARTMENT');--> statement-breakpoint
CREATE TYPE "public"."territory_zone" AS ENUM('METRO', 'DROM');--> statement-breakpoint
CREATE TYPE "public"."ubs_domain" AS ENUM('HEALTH', 'EDUCATION', 'HOUSING', 'FOOD', 'CONNECTIVITY');--> statement-breakpoint
CREATE TABLE "basic_income_pilots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"territory_code" text NOT NULL,
	"monthly_amount_cents" integer NOT NULL,
	"indexation" "indexation" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"participants" integer NOT NULL,
	CONSTRAINT "basic_income_pilots_dates" CHECK ("basic_income_pilots"."end_date" > "basic_income_pilots"."start_date"),
	CONSTRAINT "basic_income_pilots_participants_threshold" CHECK ("basic_income_pilots"."participants" >= 11)
);
--> statement-breakpoint
CREATE TABLE "indicator_definitions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"unit" "indicator_unit" NOT NULL,
	"source" text NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_observations" (
	"id" text PRIMARY KEY NOT NULL,
	"indicator_code" text NOT NULL,
	"territory_code" text NOT NULL,
	"territory_level" "territory_level" NOT NULL,
	"period" text NOT NULL,
	"breakdown" text NOT NULL,
	"value" double precision,
	"unit" "indicator_unit" NOT NULL,
	"source" text NOT NULL,
	"status" "observation_status" NOT NULL,
	CONSTRAINT "indicator_observations_key" UNIQUE("indicator_code","territory_code","breakdown","period"),
	CONSTRAINT "indicator_observations_confidential" CHECK (("indicator_observations"."status" = 'CONFIDENTIAL') = ("indicator_observations"."value" is null)),
	CONSTRAINT "indicator_observations_threshold" CHECK ("indicator_observations"."unit" <> 'PERSONS' or "indicator_observations"."value" is null or "indicator_observations"."value" >= 11)
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"code" text PRIMARY KEY NOT NULL,
	"insee_code" text NOT NULL,
	"name" text NOT NULL,
	"level" "territory_level" NOT NULL,
	"zone" "territory_zone" NOT NULL,
	"region_code" text,
	"population" integer NOT NULL,
	"cost_of_living_index" double precision NOT NULL,
	CONSTRAINT "territories_level_insee_key" UNIQUE("level","insee_code")
);
--> statement-breakpoint
CREATE TABLE "ubs_coverage" (
	"territory_code" text NOT NULL,
	"service_code" text NOT NULL,
	"period" text NOT NULL,
	"coverage_rate" double precision NOT NULL,
	"beneficiaries" integer NOT NULL,
	CONSTRAINT "ubs_coverage_territory_code_period_service_code_pk" PRIMARY KEY("territory_code","period","service_code"),
	CONSTRAINT "ubs_coverage_rate_range" CHECK ("ubs_coverage"."coverage_rate" between 0 and 1),
	CONSTRAINT "ubs_coverage_beneficiaries_threshold" CHECK ("ubs_coverage"."beneficiaries" >= 11)
);
--> statement-breakpoint
CREATE TABLE "ubs_services" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"domain" "ubs_domain" NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "basic_income_pilots" ADD CONSTRAINT "basic_income_pilots_territory_code_territories_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_observations" ADD CONSTRAINT "indicator_observations_indicator_code_indicator_definitions_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator_definitions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_observations" ADD CONSTRAINT "indicator_observations_territory_code_territories_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territories" ADD CONSTRAINT "territories_region_code_territories_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."territories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ubs_coverage" ADD CONSTRAINT "ubs_coverage_territory_code_territories_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ubs_coverage" ADD CONSTRAINT "ubs_coverage_service_code_ubs_services_code_fk" FOREIGN KEY ("service_code") REFERENCES "public"."ubs_services"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "basic_income_pilots_territory_idx" ON "basic_income_pilots" USING btree ("territory_code","id");--> statement-breakpoint
CREATE INDEX "indicator_observations_territory_idx" ON "indicator_observations" USING btree ("territory_code","id");--> statement-breakpoint
CREATE INDEX "indicator_observations_indicator_idx" ON "indicator_observations" USING btree ("indicator_code","id");--> statement-breakpoint
CREATE INDEX "indicator_observations_period_idx" ON "indicator_observations" USING btree ("period","id");--> statement-breakpoint
CREATE INDEX "indicator_observations_level_idx" ON "indicator_observations" USING btree ("territory_level","id");--> statement-breakpoint
CREATE INDEX "territories_level_idx" ON "territories" USING btree ("level","code");--> statement-breakpoint
CREATE INDEX "territories_region_idx" ON "territories" USING btree ("region_code","code");--> statement-breakpoint
CREATE INDEX "territories_zone_idx" ON "territories" USING btree ("zone","code");--> statement-breakpoint
CREATE INDEX "ubs_coverage_service_idx" ON "ubs_coverage" USING btree ("service_code","period");--> statement-breakpoint
CREATE INDEX "ubs_services_domain_idx" ON "ubs_services" USING btree ("domain","code");