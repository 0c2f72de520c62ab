package dev.meridian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

    @ArchTest
    static final ArchRule adaptersAreNotUsedByOtherModules = noClasses()
            .that()
            .resideOutsideOfPackage("dev.meridian")
            .and()
            .resideOutsideOfPackage("dev.meridian.account..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.meridian.account.adapters..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule worldEngineDoesNotKnowTransportsOrProtobuf = noClasses()
            .that()
            .resideInAnyPackage("dev.meridian.world.domain..", "dev.meridian.world.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.meridian.world.net..",
                    "dev.meridian.proto..",
                    "com.google.protobuf..",
                    "io.grpc..",
                    "io.helidon.webserver..",
                    "io.helidon.websocket..",
                    "io.netty..")
            .allowEmptyShould(true);
}
