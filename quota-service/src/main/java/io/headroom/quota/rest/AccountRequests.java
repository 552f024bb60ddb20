package io.headroom.quota.rest;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.headroom.quota.account.AccountChange;
import io.headroom.quota.account.NewAccount;
import io.headroom.quota.account.PricingScheme;
import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.Plan;

/** Bodies of the account and project endpoints. */
public final class AccountRequests {

    private AccountRequests() {
    }

    /** {@code POST /v1/accounts}. */
    public record Create(
            @Pattern(regexp = "acc_[A-Za-z0-9_-]{1,64}", message = "must be acc_ followed by 1 to 64 URL-safe characters")
            String id,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 320) String ownerEmail,
            @NotNull Plan plan,
            PricingScheme pricingScheme,
            @PastOrPresent Instant createdAt,
            @Min(1) @Max(28) Integer cycleAnchorDay,
            @Size(min = 1, max = 64) String timezone,
            @Valid CustomLimits customLimits) {

        NewAccount toNewAccount() {
            return new NewAccount(id, name, ownerEmail, plan, pricingScheme, createdAt, cycleAnchorDay, timezone,
                    customLimits);
        }
    }

    /** {@code PATCH /v1/accounts/{id}}: only what is given changes. */
    public record Change(
            Plan plan,
            PricingScheme pricingScheme,
            @Valid CustomLimits customLimits,
            @Size(min = 1, max = 64) String timezone,
            @Email @Size(min = 3, max = 320) String ownerEmail) {

        AccountChange toChange() {
            return new AccountChange(plan, pricingScheme, customLimits, timezone, ownerEmail);
        }
    }

    /** {@code POST /v1/accounts/{id}/projects}. */
    public record NewProject(
            @Pattern(regexp = "prj_[A-Za-z0-9_-]{1,64}", message = "must be prj_ followed by 1 to 64 URL-safe characters")
            String id,
            @NotBlank @Size(max = 200) String name) {
    }
}
