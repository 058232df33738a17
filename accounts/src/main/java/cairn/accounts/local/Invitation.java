package cairn.accounts.local;

import cairn.web.auth.Role;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A one-time link that lets a person set their password, as the inviter gets it. The link holds
 * the only copy of its token: Cairn keeps a SHA-256 digest of it, so it can be shown once and never again.
 */
public record Invitation(UUID account, String email, String link, OffsetDateTime expires, Set<Role> roles,
    List<String> personIfis) {}
