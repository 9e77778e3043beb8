package org.mist.cli;

import io.quarkus.arc.Arc;
import java.util.List;
import java.util.concurrent.Callable;
import org.mist.access.ApiKeys;
import org.mist.archive.ArchiveException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mist key NAME ROLE...}: makes an API key on the archive's own database and prints it, once. This is how
 * the first admin key comes to be (whoever can reach the database is trusted already); after it, keys are made
 * and revoked through {@code /api/keys}.
 */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Makes an API key with these roles (mist:admin, mist:<store>:<read|write|update|admin>) and prints it once.")
public class KeyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "what the key is for (shown in the key list)")
    String name;

    @Parameters(index = "1..*", arity = "1..*", description = "its roles")
    List<String> roles;

    @Option(names = "--lifetime", description = "an ISO-8601 duration, e.g. P30D (default: mist.auth.key-default-lifetime)")
    String lifetime;

    @Override
    public Integer call() {
        try {
            ApiKeys.Made made = Arc.container().instance(ApiKeys.class).get().create("cli", name, roles, lifetime);
            System.err.printf("API key %s (%s), roles %s, expires %s. It is shown this once:%n", made.id(), made.name(),
                    String.join(" ", made.roles()), made.expiresAt());
            System.out.println(made.key());
            return 0;
        } catch (ArchiveException e) {
            return CliRefusals.refuse(e);
        }
    }
}
