package ledger.app.auth;

import java.util.Set;

import ledger.grpc.AccountGrant;

/**
 * What a token that verified says: who (its {@code sub}), what it may do (its scopes) and on
 * which accounts, and until when ({@code exp}, in seconds since the epoch).
 */
record VerifiedToken(String subject, Set<String> scopes, AccountGrant accounts, long expiresAt) {
}
