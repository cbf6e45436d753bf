CREATE TYPE "public"."reserve_category" AS ENUM('NON_GRADUATE', 'PRIORITY_NEIGHBOURHOOD');--> statement-breakpoint
CREATE TYPE "public"."placement_round_phase" AS ENUM('QUEUED', 'READING', 'MATCHING', 'WRITING', 'COMPUTED', 'PUBLISHED', 'FAILED');--> statement-breakpoint
CREATE TABLE "candidate_clearances" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"clearance" "clearance" NOT NULL,
	"valid_until" date,
	"changed_at" timestamp with time zone NOT NULL,
	"event_id" uuid
);
--> statement-breakpoint
CREATE TABLE "placement_candidates" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"track" "track" NOT NULL,
	"department_code" text NOT NULL,
	"region_code" text NOT NULL,
	"non_graduate" boolean NOT NULL,
	"priority_neighbourhood" boolean NOT NULL,
	"internship_from" date NOT NULL,
	"internship_until" date NOT NULL,
	"intake" text NOT NULL,
	"skills" jsonb NOT NULL,
	"profile_at" timestamp with time zone NOT NULL,
	"event_id" uuid
);
--> statement-breakpoint
CREATE TABLE "placement_round_results" (
	"round_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"offer_id" uuid,
	"choice" integer,
	"reason" text,
	"exclusions" text,
	CONSTRAINT "placement_round_results_round_id_citizen_id_pk" PRIMARY KEY("round_id","citizen_id"),
	CONSTRAINT "placement_round_results_outcome" CHECK (("placement_round_results"."offer_id" is null) = ("placement_round_results"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "placement_rounds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"intake" text NOT NULL,
	"cohort_id" uuid,
	"seed" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"phase" "placement_round_phase" NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"inputs_digest" text,
	"outcome_digest" text,
	"stats" jsonb,
	"failure" text
);
--> statement-breakpoint
ALTER TABLE "internship_offers" ADD COLUMN "reserved_seats" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "internship_offers" ADD COLUMN "reserve_category" "reserve_category";--> statement-breakpoint
ALTER TABLE "placements" ADD COLUMN "round_id" uuid;--> statement-breakpoint
ALTER TABLE "placement_round_results" ADD CONSTRAINT "placement_round_results_round_id_placement_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."placement_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placement_candidates_intake_idx" ON "placement_candidates" USING btree ("intake","citizen_id");--> statement-breakpoint
CREATE INDEX "placement_candidates_cohort_idx" ON "placement_candidates" USING btree ("cohort_id");--> statement-breakpoint
CREATE INDEX "placement_round_results_offer_idx" ON "placement_round_results" USING btree ("round_id","offer_id");--> statement-breakpoint
CREATE INDEX "placement_rounds_intake_idx" ON "placement_rounds" USING btree ("intake","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "placement_rounds_one_published_per_intake" ON "placement_rounds" USING btree ("intake") WHERE "placement_rounds"."phase" = 'PUBLISHED';--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_round_id_placement_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."placement_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placements_round_idx" ON "placements" USING btree ("round_id","offer_id");--> statement-breakpoint
ALTER TABLE "internship_offers" ADD CONSTRAINT "internship_offers_reserve" CHECK ("internship_offers"."reserved_seats" between 0 and "internship_offers"."seats" and ("internship_offers"."reserved_seats" = 0) = ("internship_offers"."reserve_category" is null));