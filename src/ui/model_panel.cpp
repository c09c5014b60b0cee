#include "ui/model_panel.h"

#include "app/generation.h"
#include "app/llm_session.h"
#include "imgui.h"
#include "ui/item_registry.h"
#include "ui/widgets.h"

namespace tp::ui {

void ModelPanel::Draw(AppState&) {
  ProviderConfig& p = Session().provider;
  const ProviderPreset* current = FindProviderPreset(p.preset_id);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##provider", current ? current->name : "Choose a provider")) {
    for (const ProviderPreset& pr : ProviderPresets()) {
      if (ImGui::Selectable(pr.name, current == &pr)) {
        p.preset_id = pr.id;
        p.kind = pr.kind;
        p.base_url = pr.base_url;
        p.model = pr.default_model;
        p.use_max_completion_tokens = std::string(pr.id) == "openai";
        models_.clear();
        test_status_.clear();
      }
    }
    ImGui::EndCombo();
  }
  const float label_w = ImGui::GetFontSize() * 7;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - label_w);
  InputString("Base URL", &p.base_url);
  TrackItem("model.baseUrl");
  InputString("API key", &p.api_key, show_key_ ? 0 : ImGuiInputTextFlags_Password);
  ImGui::SameLine();
  ImGui::Checkbox("show", &show_key_);
  InputString("Model", &p.model);
  if (!models_.empty()) {
    if (ImGui::BeginCombo("Models", p.model.c_str())) {
      for (const ModelInfo& m : models_) {
        std::string label = m.id;
        if (m.context_tokens) label += "  (" + std::to_string(m.context_tokens / 1000) + "k context)";
        if (ImGui::Selectable(label.c_str(), m.id == p.model)) p.model = m.id;
      }
      ImGui::EndCombo();
    }
  }
  ImGui::SliderInt("Parallel requests", &p.concurrency, 1, 16);
  ImGui::PopItemWidth();

  ImGui::BeginDisabled(testing_);
  if (ImGui::Button(testing_ ? "Testing…" : "Test connection")) {
    testing_ = true;
    test_status_ = "Asking " + p.base_url + " for its models…";
    Session().ListModels([this](const std::vector<ModelInfo>& models, const LlmError& e) {
      testing_ = false;
      if (!e.ok()) { test_status_ = e.message; return; }
      models_ = models;
      test_status_ = "Connected: " + std::to_string(models.size()) + " model(s) available.";
    });
  }
  ImGui::EndDisabled();
  if (!test_status_.empty()) ImGui::TextWrapped("%s", test_status_.c_str());
  if (current && current->note[0]) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", "Note:");
    ImGui::SameLine();
    ImGui::TextWrapped("%s", current->note);
  }
  ImGui::Spacing();
  if (ImGui::Checkbox("Remember the key on this device", &Session().remember_key)) Gen().SaveProgress();
  ImGui::TextDisabled(Session().remember_key ? "The key is stored in this browser and sent only to the base URL above."
                                             : "The key is sent only to the base URL above and kept in memory for this tab.");
  const std::string& status = Session().last_status;
  if (!status.empty()) {
    ImGui::SeparatorText("Last request");
    ImGui::TextWrapped("%s", status.c_str());
  }
}

}  // namespace tp::ui
