#include "ui/model_panel.h"

#include <algorithm>

#include "core/limits.h"
#include "core/secret.h"
#include "imgui.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

void ModelPanel::Draw(App& app) {
  const ProviderConfig& p = app.provider();
  const ProviderPreset* current = FindProviderPreset(p.preset_id);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##provider", current ? current->name : "Custom (OpenAI-compatible)")) {
    std::string chosen;
    for (const ProviderPreset& pr : ProviderPresets()) {
      if (ImGui::Selectable(pr.name, current == &pr)) chosen = pr.id;
      if (current == &pr) ImGui::SetItemDefaultFocus();   // keyboard navigation starts at the current choice
    }
    ImGui::EndCombo();
    if (!chosen.empty()) app.ChooseProviderPreset(chosen);
  }
  TrackItem("model.provider");
  // Labels right of their fields when the pane has room, above them when it is narrow (FormLayout).
  FormLayout form({"Base URL", "API key", "Model", "Context tokens", "Max output tokens", "Parallel requests"}, "model.field.");
  std::string base_url = p.base_url;
  if (InputString(form.Field("Base URL"), &base_url)) app.SetBaseUrl(base_url);
  TrackItem("model.baseUrl");
  form.EndField();
  // The endpoint, the model's limits and price, and browser advice, right under the field that sets them.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  WrappedText(app.ModelFacts());
  ImGui::PopStyleColor();
  TrackItem("model.facts");

  // A field with a control beside it ("show", the model list): the field gives up that control's width, and
  // when labels sit right of fields the label follows the control.
  // (The widget keeps its own "##" id: a stacked form already drew the label.)
  auto field_with_extra = [&form](const char* label, float extra_w) {
    form.Field(label);
    ImGui::SetNextItemWidth(std::max(1.0f, ImGui::CalcItemWidth() - extra_w));
  };
  auto label_after_extra = [&form](const char* label) {
    if (form.stacked()) return;
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(label);
  };
  std::string key = p.api_key;
  const float show_w = ImGui::GetFrameHeight() + ImGui::CalcTextSize("show").x + ImGui::GetStyle().ItemInnerSpacing.x +
                       ImGui::GetStyle().ItemSpacing.x;
  field_with_extra("API key", show_w);
  if (InputString("##api_key", &key, show_key_ ? 0 : ImGuiInputTextFlags_Password)) app.SetApiKey(key);
  const ImGuiID key_field = ImGui::GetItemID();
  HintInEmptyField(key, current && !current->needs_key ? "not needed for this provider" : "paste your API key");
  SecureClear(&key);   // this frame's copy of the key
  TrackItem("model.apiKey");
  ForgetFieldText(key_field);   // and ImGui's own, once the field is left
  ImGui::SameLine();
  ImGui::Checkbox("show", &show_key_);
  label_after_extra("API key");
  form.EndField();

  // The model field with the listed models beside it: the row exists before and after a test, so a
  // test never moves the controls below it.
  const App::ConnectionTest& test = app.connection();
  std::string model = p.model;
  field_with_extra("Model", ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  if (InputString("##model", &model)) app.SetModel(model);
  TrackItem("model.model");
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::BeginDisabled(test.models.empty());
  if (ImGui::BeginCombo("##models", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft | ImGuiComboFlags_HeightLarge)) {
    std::string chosen;
    for (const ModelInfo& m : test.models) {
      std::string label = m.id;
      if (m.context_tokens) label += "  (" + std::to_string(m.context_tokens / 1000) + "k context)";
      if (ImGui::Selectable(label.c_str(), m.id == p.model)) chosen = m.id;
    }
    ImGui::EndCombo();
    if (!chosen.empty()) app.SetModel(chosen);
  }
  ImGui::EndDisabled();
  if (test.models.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal | ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Test connection to list the models this key can use.");
  label_after_extra("Model");
  form.EndField();

  if (!app.OfflineProvider() && !ModelFor(p).known) {
    // A model the catalog does not know: the user's own limits size the chunks and the output budget.
    // The fields show the limits in effect (the defaults until the user sets one); setting one leaves
    // the other as the user left it (unset stays unset: a default output limit is not a cap).
    const ModelSpec in_effect = ModelFor(p);
    int context = in_effect.context_tokens, output = in_effect.max_output_tokens;
    if (ImGui::InputInt(form.Field("Context tokens"), &context, 1024, 8192)) app.SetModelLimits(context, p.max_output_tokens);
    TrackItem("model.contextTokens");
    form.EndField();
    if (ImGui::InputInt(form.Field("Max output tokens"), &output, 256, 2048)) app.SetModelLimits(p.context_tokens, output);
    TrackItem("model.maxOutputTokens");
    form.EndField();
  }
  int concurrency = p.concurrency;
  if (ImGui::SliderInt(form.Field("Parallel requests"), &concurrency, limits::kMinConcurrency, limits::kMaxConcurrency))
    app.SetConcurrency(concurrency);
  TrackItem("model.concurrency");
  form.EndField();

  ImGui::BeginDisabled(test.running);
  if (ImGui::Button(test.running ? "Testing…" : "Test connection")) app.TestConnection();
  TrackItem("model.test");
  ImGui::EndDisabled();
  ImGui::SameLine();
  // Beside the button, wrapped below it: a result never pushes the button itself down.
  if (!test.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, test.running ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)
                                         : test.ok    ? ImVec4(0.15f, 0.55f, 0.25f, 1)
                                                      : ImVec4(0.8f, 0.15f, 0.1f, 1));
    WrappedText(test.message);
    ImGui::PopStyleColor();
  } else {
    ImGui::NewLine();
  }
  const std::string advice = app.KeyAdvice();
  if (!advice.empty()) {
    ImGui::Spacing();
    WrappedText(advice);
    TrackItem("model.keyAdvice");
  }
  const std::string cost = app.CostNote();
  if (!cost.empty()) {
    WrappedText(cost);
    TrackItem("model.cost");
  }
  const std::string limit = app.ProviderLimitNote();
  if (!limit.empty()) {
    WrappedText(limit);
    TrackItem("model.limitNote");
  }
  const std::string live = app.ProviderActivity();
  if (!live.empty()) {
    WrappedText(live);
    TrackItem("model.activity");
  }
  if (current && current->note[0]) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", "Note:");
    ImGui::SameLine();
    WrappedText(current->note);
  }
  ImGui::Spacing();
  bool remember = app.remember_key();
  if (ImGui::Checkbox("Remember the key", &remember)) app.SetRememberKey(remember);
  TrackItem("model.remember");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  WrappedText(remember ? "Keys are stored in this browser, each for its own host, and sent only there."
              : "The key is sent only to the base URL's host and kept in memory for this tab, not on this device.");
  ImGui::PopStyleColor();
  const std::string& status = app.session().last_status();
  if (!status.empty()) {
    ImGui::SeparatorText("Last request");
    WrappedText(status);
  }
}

}  // namespace tp::ui
