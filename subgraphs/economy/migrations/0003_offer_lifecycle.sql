ALTER TYPE "public"."application_status" ADD VALUE 'SHORTLISTED' BEFORE 'ACCEPTED';--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"result" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_pkey" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"aggregate_id" text NOT NULL,
	"payload" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "placement_preferences" (
	"citizen_id" uuid NOT NULL,
	"round" text NOT NULL,
	"rank" integer NOT NULL,
	"offer_id" uuid NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placement_preferences_citizen_id_round_rank_pk" PRIMARY KEY("citizen_id","round","rank"),
	CONSTRAINT "placement_preferences_offer_once" UNIQUE("citizen_id","round","offer_id"),
	CONSTRAINT "placement_preferences_rank" CHECK ("placement_preferences"."rank" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "service_enrolments" (
	"enrollment_id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"track" "track" NOT NULL,
	"enrolled_on" date NOT NULL,
	"event_id" uuid
);
--> statement-breakpoint
ALTER TABLE "internship_offers" DROP CONSTRAINT "internship_offers_published_at";--> statement-breakpoint
ALTER TABLE "internship_offers" ADD COLUMN "national_round" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "internship_offers" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "internship_offers" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "placement_preferences" ADD CONSTRAINT "placement_preferences_offer_id_internship_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."internship_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("published_at","seq");--> statement-breakpoint
CREATE INDEX "placement_preferences_round_idx" ON "placement_preferences" USING btree ("round","offer_id");--> statement-breakpoint
CREATE INDEX "service_enrolments_citizen_idx" ON "service_enrolments" USING btree ("citizen_id");--> statement-breakpoint
ALTER TABLE "internship_offers" ADD CONSTRAINT "internship_offers_published_at" CHECK (("internship_offers"."status" <> 'DRAFT' or "internship_offers"."published_at" is null) and ("internship_offers"."status" <> 'PUBLISHED' or "internship_offers"."published_at" is not null));