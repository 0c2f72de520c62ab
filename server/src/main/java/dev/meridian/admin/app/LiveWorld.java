package dev.meridian.admin.app;

import dev.meridian.account.domain.AccountId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the admin console sees of and does to the running world of this node. */
public interface LiveWorld {

    List<ZoneStatus> zones();

    /** Whether this node hosts a zone of that name. */
    boolean hosts(String zone);

    /** The players in the world, or only those in {@code zone}. */
    List<PlayerStatus> players(Optional<String> zone);

    /** @return whether a session played the character (it is now told {@code kicked} with {@code reason}) */
    boolean kick(UUID character, String reason);

    /** @return how many sessions it was sent to */
    int broadcast(Optional<String> zone, String text);

    /** @return how many of the account's sessions were closed with {@code banned} */
    int closeSessionsOf(AccountId account, String reason);
}
