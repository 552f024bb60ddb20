package io.headroom.notification.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.headroom.notification.rule.Metric;
import io.headroom.notification.rule.ThresholdCrossing;

/**
 * Usage of a project's metric reached one or more thresholds in a period. A jump across several
 * thresholds is one notice naming the highest ({@code threshold}) and listing all ({@code thresholds}).
 */
public record UsageNotice(String projectName, Metric metric, String window, String period, String periodStart,
        String periodEnd, long used, long limit, List<Integer> thresholds, String usageUrl) implements Notice {

    public static final String KIND = "usage_threshold";

    public int threshold() {
        return thresholds.get(thresholds.size() - 1);
    }

    public long percent() {
        return ThresholdCrossing.percent(used, limit);
    }

    public String metricLabel() {
        return metric.label();
    }

    public String usedText() {
        return Numbers.grouped(used);
    }

    public String limitText() {
        return Numbers.grouped(limit);
    }

    /** "50 %, 80 % and 100 %". */
    public String thresholdsText() {
        List<String> parts = thresholds.stream().map(t -> t + " %").toList();
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return parts.subList(0, parts.size() - 1).stream().collect(Collectors.joining(", "))
                + " and " + parts.get(parts.size() - 1);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return projectName + ": " + threshold() + " % of " + metric.label() + " reached";
    }

    @Override
    public String message() {
        return usedText() + " of " + limitText() + " " + metric.label() + " used in " + period + " (" + percent()
                + " %)." + (thresholds.size() > 1 ? " Thresholds reached: " + thresholdsText() + "." : "");
    }

    @Override
    public String subject() {
        return "[Headroom] " + projectName + " reached " + threshold() + " % of its " + metric.label();
    }

    @Override
    public String html() {
        return MailTemplates.usageHtml(this).render();
    }

    @Override
    public String text() {
        return MailTemplates.usageText(this).render();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", metric.wire());
        details.put("window", window);
        details.put("periodStart", periodStart);
        details.put("periodEnd", periodEnd);
        details.put("used", used);
        details.put("limit", limit);
        details.put("percent", percent());
        details.put("threshold", threshold());
        details.put("thresholds", thresholds);
        return details;
    }
}
