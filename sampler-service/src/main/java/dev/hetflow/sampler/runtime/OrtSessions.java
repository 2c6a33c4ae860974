package dev.hetflow.sampler.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hetflow.sampler.config.SamplerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Creates ONNX Runtime sessions on the chosen execution provider, configured once for the whole service. */
@ApplicationScoped
public class OrtSessions {

    private static final Logger LOG = Logger.getLogger(OrtSessions.class);

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final SamplerConfig config;
    private final ExecutionDevice device;

    OrtSessions(SamplerConfig config) {
        this.config = config;
        this.device = ExecutionDevice.choose(config.device(), CudaProbe::cudaPresent);
        LOG.infof("onnx runtime: device=%s intra-op threads=%d", device, config.intraOpThreads());
    }

    public OrtEnvironment environment() {
        return environment;
    }

    public ExecutionDevice device() {
        return device;
    }

    /** A session for the model bytes; the caller closes it. */
    public OrtSession open(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device == ExecutionDevice.CUDA) {
                options.addCUDA(0);
            }
            return environment.createSession(model, options);
        }
    }
}
