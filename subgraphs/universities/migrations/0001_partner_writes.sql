CREATE TYPE "public"."grade_scale" AS ENUM('FR_20', 'PERCENT', 'ECTS_LETTER');--> statement-breakpoint
CREATE TYPE "public"."module_status" AS ENUM('ACTIVE', 'RETIRED');--> statement-breakpoint
CREATE TABLE "credit_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"award_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" text NOT NULL,
	"org" text,
	"from_status" "credit_status" NOT NULL,
	"to_status" "credit_status" NOT NULL,
	"ects_before" integer NOT NULL,
	"ects_after" integer NOT NULL,
	"grade_before" text NOT NULL,
	"grade_after" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "service_enrolments" (
	"enrollment_id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"enrolled_on" date NOT NULL,
	"event_id" uuid
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"university_id" text NOT NULL,
	"public_jwk" text NOT NULL,
	"private_jwk" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_awards" DROP CONSTRAINT "credit_awards_grade_check";--> statement-breakpoint
ALTER TABLE "credit_awards" ALTER COLUMN "grade" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_awards" ADD COLUMN "grade_scale" "grade_scale" DEFAULT 'FR_20' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_awards" ADD COLUMN "grade_letter" text;--> statement-breakpoint
ALTER TABLE "credit_awards" ADD COLUMN "published_by" text;--> statement-breakpoint
ALTER TABLE "credit_awards" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "module_skills" ADD COLUMN "level" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "modules" ADD COLUMN "status" "module_status" DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_revisions" ADD CONSTRAINT "credit_revisions_award_id_credit_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."credit_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_university_id_universities_id_fk" FOREIGN KEY ("university_id") REFERENCES "public"."universities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_revisions_award_idx" ON "credit_revisions" USING btree ("award_id","id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("published_at","seq");--> statement-breakpoint
CREATE INDEX "service_enrolments_citizen_idx" ON "service_enrolments" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "signing_keys_university_idx" ON "signing_keys" USING btree ("university_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_awards_once_per_module" ON "credit_awards" USING btree ("citizen_id","module_code") WHERE status <> 'REVOKED';--> statement-breakpoint
ALTER TABLE "credit_awards" ADD CONSTRAINT "credit_awards_grade_check" CHECK ((grade_scale = 'FR_20' and "credit_awards"."grade" >= 10 and "credit_awards"."grade" <= 20) or (grade_scale = 'PERCENT' and "credit_awards"."grade" >= 50 and "credit_awards"."grade" <= 100) or (grade_scale = 'ECTS_LETTER' and grade_letter in ('A', 'B', 'C', 'D', 'E')));--> statement-breakpoint
ALTER TABLE "credit_awards" DROP COLUMN "signature";