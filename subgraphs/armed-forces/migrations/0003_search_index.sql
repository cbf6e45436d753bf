DROP INDEX "reservist_skills_skill_idx";--> statement-breakpoint
CREATE INDEX "reservist_skills_skill_idx" ON "reservist_skills" USING btree ("skill_code","level","reservist_id","expires_on");