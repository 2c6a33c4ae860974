package dev.hetflow.stack.deploy;

import java.util.Map;

/**
 * The first container of a rendered Deployment, with what the consistency checks compare.
 *
 * @param deployment the Deployment's name
 * @param name       the container's name
 * @param image      its image reference
 * @param ports      containerPort by port name (unnamed ports under their number as text)
 * @param env        every environment variable it gets (env and envFrom, ConfigMaps resolved), by name
 * @param readiness  its readiness probe, or null
 * @param liveness   its liveness probe, or null
 * @param limits     resources.limits as text, e.g. memory=4Gi, nvidia.com/gpu=1
 */
public record DeployedContainer(String deployment, String name, String image, Map<String, Integer> ports,
        Map<String, EnvSource> env, Probe readiness, Probe liveness, Map<String, String> limits) {
}
