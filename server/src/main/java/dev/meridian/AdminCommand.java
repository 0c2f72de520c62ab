package dev.meridian;

import dev.meridian.account.adapters.PgAccounts;
import dev.meridian.account.domain.Email;
import dev.meridian.platform.Profile;
import dev.meridian.platform.db.Database;
import dev.meridian.platform.db.DatabaseSettings;
import io.helidon.config.Config;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code server/run admin grant EMAIL} and {@code server/run admin revoke EMAIL}: set or clear an account's admin flag
 * in the database the server's {@code db.*} configuration names (docs/operations.md, "Admin console"). The account's
 * next login or refresh carries the role; tokens issued before keep what they say until they expire.
 */
final class AdminCommand {
    static final String USAGE = "usage: server/run admin grant|revoke EMAIL";

    private AdminCommand() {}

    /** @return the process's exit status: 0 done, 1 no such account or no database, 2 wrong arguments */
    static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        if (args.size() != 3 || !List.of("grant", "revoke").contains(args.get(1))) {
            err.println(USAGE);
            return 2;
        }
        Optional<Email> email = Email.parse(args.get(2));
        if (email.isEmpty()) {
            err.println("not an email address: " + args.get(2));
            return 2;
        }
        boolean grant = args.get(1).equals("grant");
        try (Database database = Database.start(
                DatabaseSettings.from(config.get("db"), Profile.of(config).dev()))) {
            if (!database.migrated()) {
                err.println("the database cannot be reached or migrated; see the log above");
                return 1;
            }
            if (!new PgAccounts(database.dataSource()).flagAdmin(email.get(), grant)) {
                err.println("no account with the email " + email.get().value());
                return 1;
            }
        }
        out.println((grant ? "granted" : "revoked") + " admin: " + email.get().value()
                + " (effective from the account's next login or token refresh)");
        return 0;
    }
}
