CREATE TYPE "public"."clearance" AS ENUM('NONE', 'SECRET', 'TRES_SECRET');--> statement-breakpoint
CREATE TYPE "public"."engagement" AS ENUM('ACTIVE', 'PASSIVE');--> statement-breakpoint
CREATE TYPE "public"."mobilisation_answer" AS ENUM('ACCEPTED', 'DECLINED', 'SILENT');--> statement-breakpoint
CREATE TYPE "public"."mobilisation_kind" AS ENUM('CRISIS', 'EXERCISE');--> statement-breakpoint
CREATE TYPE "public"."mobilisation_status" AS ENUM('DRAFT', 'ISSUED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."reservist_kind" AS ENUM('CITIZEN', 'PROFESSIONAL');--> statement-breakpoint
CREATE TYPE "public"."track" AS ENUM('CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE');--> statement-breakpoint
CREATE TABLE "military_internship_hosts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"department_code" text NOT NULL,
	"tracks" "track"[] NOT NULL,
	"seats" integer NOT NULL,
	CONSTRAINT "military_internship_hosts_seats_check" CHECK ("military_internship_hosts"."seats" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mobilisation_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"kind" "mobilisation_kind" NOT NULL,
	"status" "mobilisation_status" NOT NULL,
	"issued_by" text NOT NULL,
	"motive" text NOT NULL,
	"duty" text NOT NULL,
	"area_code" text NOT NULL,
	"report_date" date NOT NULL,
	"duration_days" integer NOT NULL,
	"issued_at" timestamp with time zone,
	"deadline" timestamp with time zone NOT NULL,
	CONSTRAINT "mobilisation_orders_duration_check" CHECK ("mobilisation_orders"."duration_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "mobilisation_responses" (
	"order_id" uuid NOT NULL,
	"reservist_id" uuid NOT NULL,
	"answer" "mobilisation_answer" NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "mobilisation_responses_order_id_reservist_id_pk" PRIMARY KEY("order_id","reservist_id"),
	CONSTRAINT "mobilisation_responses_silent_check" CHECK (("mobilisation_responses"."answer" = 'SILENT') = ("mobilisation_responses"."responded_at" is null))
);
--> statement-breakpoint
CREATE TABLE "reservist_availability" (
	"reservist_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	CONSTRAINT "reservist_availability_reservist_id_from_date_pk" PRIMARY KEY("reservist_id","from_date"),
	CONSTRAINT "reservist_availability_range_check" CHECK ("reservist_availability"."to_date" >= "reservist_availability"."from_date")
);
--> statement-breakpoint
CREATE TABLE "reservist_skills" (
	"reservist_id" uuid NOT NULL,
	"skill_code" text NOT NULL,
	"level" integer NOT NULL,
	"certified_by" text NOT NULL,
	"certified_on" date NOT NULL,
	"expires_on" date NOT NULL,
	CONSTRAINT "reservist_skills_reservist_id_skill_code_pk" PRIMARY KEY("reservist_id","skill_code"),
	CONSTRAINT "reservist_skills_level_check" CHECK ("reservist_skills"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "reservists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" "reservist_kind" NOT NULL,
	"citizen_id" uuid,
	"engagement" "engagement" NOT NULL,
	"clearance" "clearance" NOT NULL,
	"department_code" text NOT NULL,
	"contract_start" date NOT NULL,
	"contract_end" date NOT NULL,
	"annual_days" integer DEFAULT 30 NOT NULL,
	"short_notice_clause" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservists_citizen_kind_check" CHECK (("reservists"."kind" = 'CITIZEN') = ("reservists"."citizen_id" is not null)),
	CONSTRAINT "reservists_contract_check" CHECK ("reservists"."contract_end" > "reservists"."contract_start" and "reservists"."annual_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "skill_requirements" (
	"order_id" uuid NOT NULL,
	"skill_code" text NOT NULL,
	"min_level" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "skill_requirements_order_id_skill_code_pk" PRIMARY KEY("order_id","skill_code"),
	CONSTRAINT "skill_requirements_check" CHECK ("skill_requirements"."min_level" between 1 and 5 and "skill_requirements"."count" > 0)
);
--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD CONSTRAINT "mobilisation_responses_order_id_mobilisation_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."mobilisation_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD CONSTRAINT "mobilisation_responses_reservist_id_reservists_id_fk" FOREIGN KEY ("reservist_id") REFERENCES "public"."reservists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservist_availability" ADD CONSTRAINT "reservist_availability_reservist_id_reservists_id_fk" FOREIGN KEY ("reservist_id") REFERENCES "public"."reservists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservist_skills" ADD CONSTRAINT "reservist_skills_reservist_id_reservists_id_fk" FOREIGN KEY ("reservist_id") REFERENCES "public"."reservists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_requirements" ADD CONSTRAINT "skill_requirements_order_id_mobilisation_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."mobilisation_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "military_internship_hosts_department_idx" ON "military_internship_hosts" USING btree ("department_code","id");--> statement-breakpoint
CREATE UNIQUE INDEX "mobilisation_orders_reference_key" ON "mobilisation_orders" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "mobilisation_orders_area_idx" ON "mobilisation_orders" USING btree ("area_code","id");--> statement-breakpoint
CREATE INDEX "mobilisation_orders_kind_idx" ON "mobilisation_orders" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "mobilisation_orders_status_idx" ON "mobilisation_orders" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "mobilisation_responses_reservist_idx" ON "mobilisation_responses" USING btree ("reservist_id","order_id");--> statement-breakpoint
CREATE INDEX "mobilisation_responses_order_answer_idx" ON "mobilisation_responses" USING btree ("order_id","answer","reservist_id");--> statement-breakpoint
CREATE INDEX "reservist_skills_skill_idx" ON "reservist_skills" USING btree ("skill_code","level","reservist_id");--> statement-breakpoint
CREATE INDEX "reservist_skills_level_idx" ON "reservist_skills" USING btree ("level","reservist_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reservists_citizen_key" ON "reservists" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "reservists_department_idx" ON "reservists" USING btree ("department_code","id");--> statement-breakpoint
CREATE INDEX "reservists_engagement_idx" ON "reservists" USING btree ("engagement","id");--> statement-breakpoint
CREATE INDEX "reservists_clearance_idx" ON "reservists" USING btree ("clearance","id");--> statement-breakpoint
CREATE INDEX "reservists_kind_idx" ON "reservists" USING btree ("kind","id");