package io.headroom.quota.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script of the classpath and its SHA-1, by which Redis knows it once loaded. It is called
 * by its SHA; a node that does not know it (a restart, a node new to a cluster) answers
 * {@code NOSCRIPT}, and the call is sent once more with the source ({@code EVAL}), which runs it
 * and leaves it in that node's script cache. {@code EVAL} carries the keys, so a Redis Cluster
 * client sends it to the node owning them; a keyless {@code SCRIPT LOAD} would go to any node.
 */
public record LuaScript(String name, String source, String sha) {

    public static LuaScript fromClasspath(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(resource, source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the script on {@code keys} with {@code args}. */
    public Uni<Response> call(RedisGate redis, List<String> keys, List<String> args) {
        return redis.send(request(Command.EVALSHA, sha, keys, args))
                .onFailure(LuaScript::isNoScript).recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static boolean isNoScript(Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.startsWith("NOSCRIPT");
    }
}
