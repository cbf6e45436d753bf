CREATE TABLE "service_placements" (
	"placement_id" uuid PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"intake" text NOT NULL,
	"offer_id" uuid NOT NULL,
	"organisation_id" text NOT NULL,
	"host_siret" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"event_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE INDEX "service_placements_citizen_idx" ON "service_placements" USING btree ("citizen_id","start_date");