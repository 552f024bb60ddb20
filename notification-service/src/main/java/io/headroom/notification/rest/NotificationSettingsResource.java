package io.headroom.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.headroom.common.page.Page;
import io.headroom.common.security.Roles;
import io.headroom.notification.settings.SettingsInput;
import io.headroom.notification.settings.SettingsService;
import io.smallrye.mutiny.Uni;

/**
 * A project's notification settings (spec: notification-service §1): the account's owner alone
 * reads and replaces them; members and platform-admin are refused (403), other accounts do not
 * learn the project exists (404).
 */
@Path("/v1/projects/{projectId}/notification-settings")
@RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
public class NotificationSettingsResource {

    private final SettingsService settings;

    public NotificationSettingsResource(SettingsService settings) {
        this.settings = settings;
    }

    @GET
    public Uni<SettingsService.SettingsView> get(@PathParam("projectId") String projectId) {
        return settings.get(projectId);
    }

    @PUT
    public Uni<SettingsService.SettingsView> replace(@PathParam("projectId") String projectId, SettingsInput input) {
        return settings.replace(projectId, input);
    }

    /** The audit: who changed the settings when, newest first. */
    @GET
    @Path("/changes")
    public Uni<Page<SettingsService.ChangeView>> changes(@PathParam("projectId") String projectId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return settings.changes(projectId, cursor, limit);
    }
}
