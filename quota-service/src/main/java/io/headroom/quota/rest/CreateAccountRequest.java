package io.headroom.quota.rest;

import java.time.Instant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.headroom.quota.account.NewAccount;
import io.headroom.quota.account.PricingScheme;
import io.headroom.quota.plan.Plan;

/** The body of {@code POST /v1/accounts}. */
public record CreateAccountRequest(
        @Pattern(regexp = "acc_[A-Za-z0-9_-]{1,64}", message = "must be acc_ followed by 1 to 64 URL-safe characters")
        String id,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 320) String ownerEmail,
        @NotNull Plan plan,
        PricingScheme pricingScheme,
        @PastOrPresent Instant createdAt,
        @Min(1) @Max(28) Integer cycleAnchorDay,
        @Size(min = 1, max = 64) String timezone) {

    NewAccount toNewAccount() {
        return new NewAccount(id, name, ownerEmail, plan, pricingScheme, createdAt, cycleAnchorDay, timezone);
    }
}
