CREATE TABLE "service_credits" (
	"award_id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"university_id" text NOT NULL,
	"module_code" text NOT NULL,
	"ects_credits" integer NOT NULL,
	"status" text NOT NULL,
	"awarded_on" date NOT NULL,
	"event_id" uuid
);
--> statement-breakpoint
CREATE INDEX "service_credits_citizen_idx" ON "service_credits" USING btree ("citizen_id");