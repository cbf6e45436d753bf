CREATE TABLE "reservist_trainings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reservist_id" uuid NOT NULL,
	"skill_code" text NOT NULL,
	"level" integer NOT NULL,
	"provider" text NOT NULL,
	"completed_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservist_trainings_check" CHECK ("reservist_trainings"."level" between 1 and 5 and "reservist_trainings"."valid_until" > "reservist_trainings"."completed_on")
);
--> statement-breakpoint
ALTER TABLE "reservists" ADD COLUMN "employer" text;--> statement-breakpoint
ALTER TABLE "reservist_trainings" ADD CONSTRAINT "reservist_trainings_reservist_id_reservists_id_fk" FOREIGN KEY ("reservist_id") REFERENCES "public"."reservists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservist_trainings_reservist_idx" ON "reservist_trainings" USING btree ("reservist_id","completed_on");