CREATE TABLE "security_clearances" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"clearance" "clearance" NOT NULL,
	"granted_on" date NOT NULL,
	"valid_until" date,
	"decided_by" text NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_clearances_validity_check" CHECK ("security_clearances"."valid_until" is null or "security_clearances"."valid_until" > "security_clearances"."granted_on"),
	CONSTRAINT "security_clearances_none_check" CHECK (("security_clearances"."clearance" = 'NONE') = ("security_clearances"."valid_until" is null))
);
