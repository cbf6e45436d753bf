CREATE TABLE "enrollment_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"from_status" "enrollment_status",
	"to_status" "enrollment_status" NOT NULL,
	"on" date NOT NULL,
	"reason" text,
	"by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
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
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_enrollment_id_module_code_pk";--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "attempt" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_pkey" PRIMARY KEY("enrollment_id","module_code","attempt");--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "assessor" text DEFAULT 'SNN' NOT NULL;--> statement-breakpoint
ALTER TABLE "cohorts" ADD COLUMN "non_graduate_path" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "cohorts" ADD COLUMN "module_codes" text[];--> statement-breakpoint
ALTER TABLE "cohorts" ADD COLUMN "intake_closed_on" date;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "internship_ended_on" date;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "completed_on" date;--> statement-breakpoint
ALTER TABLE "enrollment_transitions" ADD CONSTRAINT "enrollment_transitions_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollment_transitions_enrollment_idx" ON "enrollment_transitions" USING btree ("enrollment_id","id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("published_at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_service_per_citizen" ON "enrollments" USING btree ("citizen_id") WHERE "enrollments"."status" in ('ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP', 'COMPLETED', 'EXEMPTED');--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_capacity_positive" CHECK ("cohorts"."capacity" > 0);--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_dates_ordered" CHECK ("cohorts"."end_date" > "cohorts"."start_date");