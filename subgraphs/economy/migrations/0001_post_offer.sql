CREATE TABLE "offer_idempotency_keys" (
	"organisation_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_fingerprint" text NOT NULL,
	"offer_id" uuid NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offer_idempotency_keys_pkey" PRIMARY KEY("organisation_id","idempotency_key"),
	CONSTRAINT "offer_idempotency_keys_key_length" CHECK (length("offer_idempotency_keys"."idempotency_key") between 1 and 200),
	CONSTRAINT "offer_idempotency_keys_fingerprint" CHECK ("offer_idempotency_keys"."request_fingerprint" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "offer_idempotency_keys" ADD CONSTRAINT "offer_idempotency_keys_organisation_id_organisations_siren_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("siren") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_idempotency_keys" ADD CONSTRAINT "offer_idempotency_keys_offer_id_internship_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."internship_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offer_idempotency_keys_offer_idx" ON "offer_idempotency_keys" USING btree ("offer_id");