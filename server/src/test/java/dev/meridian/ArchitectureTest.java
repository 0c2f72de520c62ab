package dev.meridian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module and layer boundaries of STYLE.md / docs/architecture.md, checked on every build. */
@AnalyzeClasses(packages = "dev.meridian", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdk = classes()
            .that()
            .resideInAPackage("dev.meridian..domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.meridian..domain..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule useCasesDoNotKnowAdaptersOrApi = noClasses()
            .that()
            .resideInAPackage("dev.meridian..app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.meridian..adapters..",
                    "dev.meridian..api..",
                    "io.helidon.webserver..",
                    "io.lettuce..",
                    "io.nats..",
                    "java.sql..",
                    "com.google.protobuf..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule httpServicesUseCasesNotAdapters = noClasses()
            .that()
            .resideInAPackage("dev.meridian..api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.meridian..adapters..", "java.sql..", "io.lettuce..", "io.nats..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule platformKnowsNoFeatureModule = noClasses()
            .that()
            .resideInAPackage("dev.meridian.platform..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.meridian.account..", "dev.meridian.character..", "dev.meridian.world..");

    /** Only the module itself and the composition root ({@code dev.meridian}, e.g. {@code Main}) use its adapters. */
    @ArchTest
    static final ArchRule accountAdaptersStayInTheirModule = adaptersStayIn("account", "adapters");

    @ArchTest
    static final ArchRule characterAdaptersStayInTheirModule = adaptersStayIn("character", "adapters");

    @ArchTest
    static final ArchRule worldAdaptersStayInTheirModule = adaptersStayIn("world", "persistence");

    private static ArchRule adaptersStayIn(String module, String adapters) {
        return noClasses()
                .that()
                .resideOutsideOfPackage("dev.meridian")
                .and()
                .resideOutsideOfPackage("dev.meridian." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.meridian." + module + "." + adapters + "..")
                .allowEmptyShould(true);
    }

    /** Ports are interfaces the use cases own; an adapter package holds implementations only. */
    @ArchTest
    static final ArchRule portsLiveApartFromAdapters = noClasses()
            .that()
            .areInterfaces()
            .and()
            .arePublic()
            .should()
            .resideInAnyPackage("dev.meridian..adapters..", "dev.meridian.world.persistence..")
            .orShould()
            .resideInAPackage("dev.meridian.platform.events..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.meridian.(**)").should().beFreeOfCycles();

    /** The engine's events go through its own port ({@code ZoneEvents}), not the bus's publisher. */
    @ArchTest
    static final ArchRule worldEngineKnowsNoTransportStorageOrPlatform = noClasses()
            .that()
            .resideInAnyPackage("dev.meridian.world.domain..", "dev.meridian.world.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.meridian.world.net..",
                    "dev.meridian.world.persistence..",
                    "dev.meridian.platform..",
                    "dev.meridian.events..",
                    "dev.meridian.proto..",
                    "com.google.protobuf..",
                    "io.grpc..",
                    "io.helidon.webserver..",
                    "io.helidon.websocket..",
                    "io.netty..")
            .allowEmptyShould(true);
}
