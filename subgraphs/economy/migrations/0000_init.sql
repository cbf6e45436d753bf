CREATE TYPE "public"."application_status" AS ENUM('SUBMITTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."clearance" AS ENUM('NONE', 'SECRET', 'TRES_SECRET');--> statement-breakpoint
CREATE TYPE "public"."offer_status" AS ENUM('DRAFT', 'PUBLISHED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('COMPANY', 'PUBLIC_BODY');--> statement-breakpoint
CREATE TYPE "public"."organisation_size" AS ENUM('MICRO', 'SME', 'MID', 'LARGE');--> statement-breakpoint
CREATE TYPE "public"."placement_status" AS ENUM('PROPOSED', 'ACCEPTED', 'ACTIVE', 'COMPLETED', 'TERMINATED');--> statement-breakpoint
CREATE TYPE "public"."remote_policy" AS ENUM('ON_SITE', 'HYBRID', 'REMOTE');--> statement-breakpoint
CREATE TYPE "public"."track" AS ENUM('CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE');--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"rank" integer NOT NULL,
	"status" "application_status" NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "applications_citizen_offer_key" UNIQUE("citizen_id","offer_id"),
	CONSTRAINT "applications_rank" CHECK ("applications"."rank" >= 1)
);
--> statement-breakpoint
CREATE TABLE "internship_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"host_siret" text NOT NULL,
	"partner_reference" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"track" "track" NOT NULL,
	"department_code" text NOT NULL,
	"region_code" text NOT NULL,
	"remote_policy" "remote_policy" NOT NULL,
	"start_date" date NOT NULL,
	"duration_months" integer NOT NULL,
	"seats" integer NOT NULL,
	"monthly_stipend_cents" integer NOT NULL,
	"expires_on" date NOT NULL,
	"how_to_apply" text NOT NULL,
	"tutor_role" text NOT NULL,
	"clearance" "clearance" NOT NULL,
	"status" "offer_status" NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "internship_offers_partner_reference_key" UNIQUE("organisation_id","partner_reference"),
	CONSTRAINT "internship_offers_host_siret_of_organisation" CHECK ("internship_offers"."host_siret" ~ '^[0-9]{14}$' and left("internship_offers"."host_siret", 9) = "internship_offers"."organisation_id"),
	CONSTRAINT "internship_offers_duration" CHECK ("internship_offers"."duration_months" between 1 and 12),
	CONSTRAINT "internship_offers_seats" CHECK ("internship_offers"."seats" >= 1),
	CONSTRAINT "internship_offers_minimum_gratification" CHECK ("internship_offers"."monthly_stipend_cents" >= 0 and ("internship_offers"."duration_months" <= 2 or "internship_offers"."monthly_stipend_cents" >= 66990)),
	CONSTRAINT "internship_offers_published_at" CHECK (("internship_offers"."status" = 'DRAFT') = ("internship_offers"."published_at" is null))
);
--> statement-breakpoint
CREATE TABLE "offer_skills" (
	"offer_id" uuid NOT NULL,
	"skill_code" text NOT NULL,
	"level" integer NOT NULL,
	CONSTRAINT "offer_skills_offer_id_skill_code_pk" PRIMARY KEY("offer_id","skill_code"),
	CONSTRAINT "offer_skills_level" CHECK ("offer_skills"."level" between 1 and 8)
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"siren" text PRIMARY KEY NOT NULL,
	"siret" text NOT NULL,
	"name" text NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"naf_code" text NOT NULL,
	"size" "organisation_size" NOT NULL,
	"department_code" text NOT NULL,
	"region_code" text NOT NULL,
	CONSTRAINT "organisations_siret_key" UNIQUE("siret"),
	CONSTRAINT "organisations_siren_format" CHECK ("organisations"."siren" ~ '^[0-9]{9}$'),
	CONSTRAINT "organisations_siret_of_siren" CHECK ("organisations"."siret" ~ '^[0-9]{14}$' and left("organisations"."siret", 9) = "organisations"."siren")
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"department_code" text NOT NULL,
	"region_code" text NOT NULL,
	"status" "placement_status" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"evaluation_score" real,
	"evaluation_comment" text,
	CONSTRAINT "placements_dates" CHECK ("placements"."end_date" >= "placements"."start_date"),
	CONSTRAINT "placements_evaluation_score" CHECK ("placements"."evaluation_score" between 0 and 20),
	CONSTRAINT "placements_evaluation_comment" CHECK ("placements"."evaluation_comment" is null or "placements"."evaluation_score" is not null)
);
--> statement-breakpoint
CREATE TABLE "priority_hiring_rights" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"granted_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"used_on" date,
	CONSTRAINT "priority_hiring_rights_validity" CHECK ("priority_hiring_rights"."valid_until" > "priority_hiring_rights"."granted_on"),
	CONSTRAINT "priority_hiring_rights_used_on" CHECK ("priority_hiring_rights"."used_on" is null or "priority_hiring_rights"."used_on" between "priority_hiring_rights"."granted_on" and "priority_hiring_rights"."valid_until")
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_offer_id_internship_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."internship_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_organisation_id_organisations_siren_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("siren") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_offers" ADD CONSTRAINT "internship_offers_organisation_id_organisations_siren_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("siren") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_skills" ADD CONSTRAINT "offer_skills_offer_id_internship_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."internship_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_offer_id_internship_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."internship_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_organisation_id_organisations_siren_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("siren") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_citizen_idx" ON "applications" USING btree ("citizen_id","rank");--> statement-breakpoint
CREATE INDEX "applications_offer_idx" ON "applications" USING btree ("offer_id","id");--> statement-breakpoint
CREATE INDEX "applications_organisation_idx" ON "applications" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "internship_offers_organisation_idx" ON "internship_offers" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "internship_offers_organisation_status_idx" ON "internship_offers" USING btree ("organisation_id","status","id");--> statement-breakpoint
CREATE INDEX "internship_offers_department_idx" ON "internship_offers" USING btree ("department_code","id");--> statement-breakpoint
CREATE INDEX "internship_offers_region_idx" ON "internship_offers" USING btree ("region_code","id");--> statement-breakpoint
CREATE INDEX "internship_offers_track_idx" ON "internship_offers" USING btree ("track","id");--> statement-breakpoint
CREATE INDEX "internship_offers_status_idx" ON "internship_offers" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "internship_offers_remote_policy_idx" ON "internship_offers" USING btree ("remote_policy","id");--> statement-breakpoint
CREATE INDEX "internship_offers_start_date_idx" ON "internship_offers" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "offer_skills_skill_idx" ON "offer_skills" USING btree ("skill_code");--> statement-breakpoint
CREATE INDEX "organisations_department_idx" ON "organisations" USING btree ("department_code","siren");--> statement-breakpoint
CREATE INDEX "organisations_region_idx" ON "organisations" USING btree ("region_code","siren");--> statement-breakpoint
CREATE INDEX "organisations_kind_idx" ON "organisations" USING btree ("kind","siren");--> statement-breakpoint
CREATE INDEX "organisations_naf_idx" ON "organisations" USING btree ("naf_code","siren");--> statement-breakpoint
CREATE UNIQUE INDEX "placements_citizen_in_progress_key" ON "placements" USING btree ("citizen_id") WHERE "placements"."status" in ('PROPOSED', 'ACCEPTED', 'ACTIVE');--> statement-breakpoint
CREATE INDEX "placements_citizen_idx" ON "placements" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "placements_offer_idx" ON "placements" USING btree ("offer_id","id");--> statement-breakpoint
CREATE INDEX "placements_organisation_idx" ON "placements" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "placements_department_idx" ON "placements" USING btree ("department_code","id");--> statement-breakpoint
CREATE INDEX "placements_region_idx" ON "placements" USING btree ("region_code","id");--> statement-breakpoint
CREATE INDEX "placements_status_idx" ON "placements" USING btree ("status","id");