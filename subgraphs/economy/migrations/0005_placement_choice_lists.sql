CREATE TABLE "placement_choice_lists" (
	"round" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"offer_numbers" integer[] NOT NULL,
	CONSTRAINT "placement_choice_lists_round_citizen_id_pk" PRIMARY KEY("round","citizen_id")
);
--> statement-breakpoint
ALTER TABLE "placement_round_results" DROP CONSTRAINT "placement_round_results_round_id_placement_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "internship_offers" ADD COLUMN "number" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "internship_offers_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "internship_offers" ADD CONSTRAINT "internship_offers_number_unique" UNIQUE("number");--> statement-breakpoint
-- The lists already recorded, one row each.
INSERT INTO "placement_choice_lists" ("round", "citizen_id", "offer_numbers")
SELECT p."round", p."citizen_id", array_agg(o."number" ORDER BY p."rank")
FROM "placement_preferences" p JOIN "internship_offers" o ON o."id" = p."offer_id"
GROUP BY p."round", p."citizen_id";
