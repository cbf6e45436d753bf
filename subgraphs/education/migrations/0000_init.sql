CREATE TYPE "public"."cohort_phase" AS ENUM('PILOT', 'NATIONAL');--> statement-breakpoint
CREATE TYPE "public"."education_level" AS ENUM('NO_DIPLOMA', 'CAP_BEP', 'BAC', 'BAC_PLUS_2', 'LICENCE', 'MASTER', 'DOCTORATE');--> statement-breakpoint
CREATE TYPE "public"."enrollment_status" AS ENUM('ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP', 'COMPLETED', 'WITHDRAWN', 'DEFERRED', 'EXEMPTED');--> statement-breakpoint
CREATE TYPE "public"."exemption_reason" AS ENUM('HEALTH', 'EMPLOYMENT', 'HIGHER_EDUCATION', 'FAMILY');--> statement-breakpoint
CREATE TYPE "public"."skill_framework" AS ENUM('E_CF', 'ECSF', 'DIGCOMP');--> statement-breakpoint
CREATE TYPE "public"."track" AS ENUM('CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE');--> statement-breakpoint
CREATE TABLE "assessments" (
	"enrollment_id" uuid NOT NULL,
	"module_code" text NOT NULL,
	"score" real NOT NULL,
	"passed" boolean NOT NULL,
	"assessed_on" date NOT NULL,
	CONSTRAINT "assessments_enrollment_id_module_code_pk" PRIMARY KEY("enrollment_id","module_code")
);
--> statement-breakpoint
CREATE TABLE "citizens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"birth_date" date NOT NULL,
	"department_code" text NOT NULL,
	"region_code" text NOT NULL,
	"education_level" "education_level" NOT NULL,
	"graduate" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"track" "track" NOT NULL,
	"region_code" text NOT NULL,
	"phase" "cohort_phase" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"capacity" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "curriculum_module_skills" (
	"module_code" text NOT NULL,
	"skill_code" text NOT NULL,
	CONSTRAINT "curriculum_module_skills_module_code_skill_code_pk" PRIMARY KEY("module_code","skill_code")
);
--> statement-breakpoint
CREATE TABLE "curriculum_modules" (
	"code" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"track" "track" NOT NULL,
	"hours" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"status" "enrollment_status" NOT NULL,
	"enrolled_on" date NOT NULL,
	"deferred_until" date,
	"exemption_reason" "exemption_reason",
	CONSTRAINT "enrollments_citizen_cohort_key" UNIQUE("citizen_id","cohort_id")
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"framework" "skill_framework" NOT NULL,
	"area" text,
	"min_level" integer NOT NULL,
	"max_level" integer NOT NULL,
	"tracks" "track"[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_module_code_curriculum_modules_code_fk" FOREIGN KEY ("module_code") REFERENCES "public"."curriculum_modules"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_module_skills" ADD CONSTRAINT "curriculum_module_skills_module_code_curriculum_modules_code_fk" FOREIGN KEY ("module_code") REFERENCES "public"."curriculum_modules"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_module_skills" ADD CONSTRAINT "curriculum_module_skills_skill_code_skills_code_fk" FOREIGN KEY ("skill_code") REFERENCES "public"."skills"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "citizens_department_idx" ON "citizens" USING btree ("department_code","id");--> statement-breakpoint
CREATE INDEX "citizens_region_idx" ON "citizens" USING btree ("region_code","id");--> statement-breakpoint
CREATE INDEX "cohorts_region_idx" ON "cohorts" USING btree ("region_code","id");--> statement-breakpoint
CREATE INDEX "cohorts_track_idx" ON "cohorts" USING btree ("track","id");--> statement-breakpoint
CREATE INDEX "curriculum_modules_track_idx" ON "curriculum_modules" USING btree ("track");--> statement-breakpoint
CREATE INDEX "enrollments_cohort_idx" ON "enrollments" USING btree ("cohort_id","id");--> statement-breakpoint
CREATE INDEX "enrollments_cohort_status_idx" ON "enrollments" USING btree ("cohort_id","status","id");