package dev.hetflow.trainer.jobs;

/** The trainer's defaults as a plain object, for tests that run jobs without Quarkus. */
final class TestConfig implements TrainerConfig {

    @Override
    public LearningRate learningRate() {
        return new LearningRate() {
            public double initial() {
                return 0.005;
            }

            public double minimum() {
                return 0.00005;
            }

            public double factor() {
                return 0.5;
            }

            public int patience() {
                return 2;
            }

            public double threshold() {
                return 1e-4;
            }
        };
    }

    @Override
    public Divergence divergence() {
        return new Divergence() {
            public int maxFailures() {
                return 3;
            }

            public long nfeLimit() {
                return 100_000;
            }

            public int snapshotEvery() {
                return 1;
            }
        };
    }

    @Override
    public int validationModulus() {
        return 5;
    }

    @Override
    public int batchSize() {
        return 8;
    }

    @Override
    public int checkpointInterval() {
        return 3;
    }

    @Override
    public int concurrentJobs() {
        return 1;
    }

    @Override
    public int checkpointRetention() {
        return 3;
    }

    @Override
    public java.time.Duration shutdownGrace() {
        return java.time.Duration.ofSeconds(25);
    }

    @Override
    public java.time.Duration maxOutage() {
        return java.time.Duration.ofSeconds(120);
    }

    @Override
    public Lease lease() {
        return new Lease() {
            public java.time.Duration ttl() {
                return java.time.Duration.ofSeconds(6);
            }

            public java.time.Duration renewEvery() {
                return java.time.Duration.ofSeconds(2);
            }

            public java.time.Duration confirmDelay() {
                return java.time.Duration.ofMillis(300);
            }
        };
    }
}
