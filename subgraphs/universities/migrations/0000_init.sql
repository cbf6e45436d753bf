CREATE TYPE "public"."credit_status" AS ENUM('PROVISIONAL', 'FINAL', 'REVOKED');--> statement-breakpoint
CREATE TYPE "public"."track" AS ENUM('CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE');--> statement-breakpoint
CREATE TABLE "credit_awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"module_code" text NOT NULL,
	"university_id" text NOT NULL,
	"ects_credits" integer NOT NULL,
	"grade" real NOT NULL,
	"status" "credit_status" NOT NULL,
	"assessed_on" date NOT NULL,
	"awarded_on" date NOT NULL,
	"signature" text,
	CONSTRAINT "credit_awards_grade_check" CHECK ("credit_awards"."grade" >= 10 and "credit_awards"."grade" <= 20),
	CONSTRAINT "credit_awards_ects_check" CHECK ("credit_awards"."ects_credits" > 0),
	CONSTRAINT "credit_awards_dates_check" CHECK ("credit_awards"."awarded_on" >= "credit_awards"."assessed_on")
);
--> statement-breakpoint
CREATE TABLE "module_skills" (
	"module_code" text NOT NULL,
	"skill_code" text NOT NULL,
	CONSTRAINT "module_skills_module_code_skill_code_pk" PRIMARY KEY("module_code","skill_code")
);
--> statement-breakpoint
CREATE TABLE "modules" (
	"code" text PRIMARY KEY NOT NULL,
	"university_id" text NOT NULL,
	"title" text NOT NULL,
	"track" "track" NOT NULL,
	"ects_credits" integer NOT NULL,
	"hours" integer NOT NULL,
	"language" text NOT NULL,
	CONSTRAINT "modules_language_check" CHECK ("modules"."language" ~ '^[a-z]{2}$'),
	CONSTRAINT "modules_ects_check" CHECK ("modules"."ects_credits" > 0 and "modules"."hours" > 0)
);
--> statement-breakpoint
CREATE TABLE "universities" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"department_code" text NOT NULL,
	"region_code" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_awards" ADD CONSTRAINT "credit_awards_module_code_modules_code_fk" FOREIGN KEY ("module_code") REFERENCES "public"."modules"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_awards" ADD CONSTRAINT "credit_awards_university_id_universities_id_fk" FOREIGN KEY ("university_id") REFERENCES "public"."universities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_skills" ADD CONSTRAINT "module_skills_module_code_modules_code_fk" FOREIGN KEY ("module_code") REFERENCES "public"."modules"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_university_id_universities_id_fk" FOREIGN KEY ("university_id") REFERENCES "public"."universities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_awards_citizen_idx" ON "credit_awards" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "credit_awards_university_idx" ON "credit_awards" USING btree ("university_id","id");--> statement-breakpoint
CREATE INDEX "credit_awards_module_idx" ON "credit_awards" USING btree ("module_code","id");--> statement-breakpoint
CREATE INDEX "credit_awards_status_idx" ON "credit_awards" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "credit_awards_awarded_on_idx" ON "credit_awards" USING btree ("awarded_on");--> statement-breakpoint
CREATE INDEX "module_skills_skill_idx" ON "module_skills" USING btree ("skill_code");--> statement-breakpoint
CREATE INDEX "modules_university_idx" ON "modules" USING btree ("university_id","code");--> statement-breakpoint
CREATE INDEX "modules_track_idx" ON "modules" USING btree ("track","code");--> statement-breakpoint
CREATE INDEX "modules_language_idx" ON "modules" USING btree ("language","code");--> statement-breakpoint
CREATE INDEX "universities_department_idx" ON "universities" USING btree ("department_code","id");--> statement-breakpoint
CREATE INDEX "universities_region_idx" ON "universities" USING btree ("region_code","id");