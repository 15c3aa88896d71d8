fn main() {
    trainmate_ui::start();
}
