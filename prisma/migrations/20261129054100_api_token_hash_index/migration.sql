-- CreateIndex
CREATE INDEX "api_token_token_hash_idx" ON "api_token"("token_hash");

