package dev.muster.node.it;

/**
 * The one PostgreSQL and the one RabbitMQ of a test run, started on first use (RabbitMQ costs seconds to boot)
 * and stopped when the test JVM exits. A failure to start them fails the test that asked, with the reason:
 * these tests never skip themselves.
 */
public final class TestServices {
    private static PostgresServer postgres;
    private static RabbitServer rabbit;
    private static Throwable failure;

    private TestServices() {
    }

    static synchronized PostgresServer postgres() {
        start();
        return postgres;
    }

    static synchronized RabbitServer rabbit() {
        start();
        return rabbit;
    }

    /**
     * node.conf lines pointing a node at the test RabbitMQ (for tests outside this package): a node without a broker
     * offers capacity 0, so a test of the registry's capacities needs a broker too.
     */
    public static synchronized String rabbitConf() {
        RabbitServer r = rabbit();
        return String.join("\n", "rabbitmq.host = 127.0.0.1", "rabbitmq.port = " + r.amqpPort,
                "rabbitmq.vhost = " + RabbitServer.VHOST, "rabbitmq.user = " + RabbitServer.USER,
                "rabbitmq.password = " + RabbitServer.PASSWORD, "rabbitmq.management_url = none");
    }

    private static void start() {
        if (failure != null) {
            throw new IllegalStateException("test services failed to start earlier: " + failure.getMessage(), failure);
        }
        if (postgres != null) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            postgres = PostgresServer.create();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::destroy));
            long t1 = System.nanoTime();
            rabbit = RabbitServer.create();
            Runtime.getRuntime().addShutdownHook(new Thread(rabbit::destroy));
            System.out.printf("[measure] test services: PostgreSQL up in %d ms (port %d), RabbitMQ up in %d ms (port %d)%n",
                    (t1 - t0) / 1_000_000, postgres.port, (System.nanoTime() - t1) / 1_000_000, rabbit.amqpPort);
        } catch (Exception e) {
            failure = e;
            throw new IllegalStateException("cannot start the test PostgreSQL/RabbitMQ: " + e.getMessage(), e);
        }
    }
}
