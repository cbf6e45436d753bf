ALTER TYPE "public"."mobilisation_status" ADD VALUE 'CANCELLED';--> statement-breakpoint
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
ALTER TABLE "mobilisation_orders" ADD COLUMN "over_call_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mobilisation_orders" ADD COLUMN "requested_by" text;--> statement-breakpoint
ALTER TABLE "mobilisation_orders" ADD COLUMN "cancelled_reason" text;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD COLUMN "requirement_skill" text;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD COLUMN "called_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD COLUMN "decline_reason" text;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD COLUMN "days_served" integer;--> statement-breakpoint
ALTER TABLE "reservists" ADD COLUMN "crisis_short_notice" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mobilisation_orders" ADD CONSTRAINT "mobilisation_orders_over_call_check" CHECK ("mobilisation_orders"."over_call_percent" between 0 and 100);--> statement-breakpoint
ALTER TABLE "mobilisation_orders" ADD CONSTRAINT "mobilisation_orders_cancelled_check" CHECK (("mobilisation_orders"."status"::text = 'CANCELLED') = ("mobilisation_orders"."cancelled_reason" is not null));--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD CONSTRAINT "mobilisation_responses_duty_check" CHECK (("mobilisation_responses"."reported_at" is null or "mobilisation_responses"."answer" = 'ACCEPTED') and ("mobilisation_responses"."released_at" is null or "mobilisation_responses"."reported_at" is not null));--> statement-breakpoint
ALTER TABLE "mobilisation_responses" ADD CONSTRAINT "mobilisation_responses_days_check" CHECK (("mobilisation_responses"."released_at" is null) = ("mobilisation_responses"."days_served" is null) and ("mobilisation_responses"."days_served" is null or "mobilisation_responses"."days_served" >= 0));